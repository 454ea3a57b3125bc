from django.http import JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt  # a token-authenticated API, as with Django REST framework's TokenAuthentication
def items(request):
    if request.method not in ("GET", "PUT"):
        return JsonResponse({"error": "method not allowed"}, status=405)
    response = JsonResponse([{"id": 1}, {"id": 2}], safe=False)
    response["X-Total-Count"] = "2"
    return response


urlpatterns = [path("api/items", items)]

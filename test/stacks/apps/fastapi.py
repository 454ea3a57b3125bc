import socket

import uvicorn
from fastapi import FastAPI, Response

app = FastAPI()
# corslab: CORS goes here


@app.get("/api/items")
@app.put("/api/items")
def items(response: Response):
    response.headers["X-Total-Count"] = "2"
    return [{"id": 1}, {"id": 2}]


sock = socket.socket()
sock.bind(("127.0.0.1", 0))
print(f"listening on {sock.getsockname()[1]}", flush=True)
uvicorn.Server(uvicorn.Config(app, log_level="warning")).run(sockets=[sock])

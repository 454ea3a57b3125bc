const items = [{ id: 1 }, { id: 2 }]

export function GET() {
  return Response.json(items, { headers: { 'x-total-count': '2' } })
}

export function PUT() {
  return Response.json(items, { headers: { 'x-total-count': '2' } })
}

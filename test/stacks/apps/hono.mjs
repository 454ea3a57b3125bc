import { serve } from '@hono/node-server'
import { Hono } from 'hono'

const app = new Hono()
// corslab: CORS goes here

const items = [{ id: 1 }, { id: 2 }]
app.get('/api/items', (c) => c.json(items, 200, { 'x-total-count': '2' }))
app.put('/api/items', (c) => c.json(items, 200, { 'x-total-count': '2' }))

serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => console.log(`listening on ${info.port}`))

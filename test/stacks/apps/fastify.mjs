import Fastify from 'fastify'

const app = Fastify()
// corslab: CORS goes here

const items = [{ id: 1 }, { id: 2 }]
app.get('/api/items', async (request, reply) => reply.header('x-total-count', '2').send(items))
app.put('/api/items', async (request, reply) => reply.header('x-total-count', '2').send(items))

await app.listen({ port: 0, host: '127.0.0.1' })
console.log(`listening on ${app.server.address().port}`)

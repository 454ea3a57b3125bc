import Koa from 'koa'

const app = new Koa()
// corslab: CORS goes here

const items = [{ id: 1 }, { id: 2 }]
app.use(async (ctx) => {
  if (ctx.path === '/api/items' && (ctx.method === 'GET' || ctx.method === 'PUT')) {
    ctx.set('x-total-count', '2')
    ctx.body = items
  }
})

const server = app.listen(0, '127.0.0.1', () => console.log(`listening on ${server.address().port}`))

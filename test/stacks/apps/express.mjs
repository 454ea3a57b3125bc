import express from 'express'

const app = express()
// corslab: CORS goes here

const items = [{ id: 1 }, { id: 2 }]
app.get('/api/items', (req, res) => res.set('x-total-count', '2').json(items))
app.put('/api/items', (req, res) => res.set('x-total-count', '2').json(items))

const server = app.listen(0, '127.0.0.1', () => console.log(`listening on ${server.address().port}`))

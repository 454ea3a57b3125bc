import 'reflect-metadata'
import { Controller, Get, Header, Module, Put } from '@nestjs/common'
import { NestFactory } from '@nestjs/core'

// Decorators applied as the functions they are: this file runs as plain JavaScript.
class ItemsController {
  list() {
    return [{ id: 1 }, { id: 2 }]
  }
}
const list = Object.getOwnPropertyDescriptor(ItemsController.prototype, 'list')
for (const decorate of [Get('items'), Put('items'), Header('x-total-count', '2')]) decorate(ItemsController.prototype, 'list', list)
Controller('api')(ItemsController)
class AppModule {}
Module({ controllers: [ItemsController] })(AppModule)

const app = await NestFactory.create(AppModule, { logger: false })
// corslab: CORS goes here

await app.listen(0, '127.0.0.1')
console.log(`listening on ${app.getHttpServer().address().port}`)

import { startBackend } from './backend.ts'
import { scenariosOverHttp } from './scenarios-http.ts'

scenariosOverHttp('--upstream to a second local server', async () => {
  const backend = await startBackend()
  return { options: { upstream: backend.url }, backend }
})

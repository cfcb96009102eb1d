/**
 * The deployment channel: a thin wrapper over the sandbox's deployment service, like moto's
 * responses.py. `deploy.simulate` is stateless: the seed makes its noise reproducible. deploy.compare
 * runs as a job (the job mechanism calls `prepareCompare`, `runReleases` and `mergePartials` from
 * sandbox/deploy), so it has no handler here.
 */
import type { ParsedReq } from '../../shared/contract'
import { simulateDeployment } from '../sandbox/deploy'
import type { Handlers } from './dispatch'

export function createDeployHandlers(): Pick<Handlers, 'deploy.simulate'> {
  return {
    // The contract checks shapes; the sandbox checks AWS's ranges and enums and names the field.
    'deploy.simulate': (req: ParsedReq<'deploy.simulate'>) => simulateDeployment(req)
  }
}

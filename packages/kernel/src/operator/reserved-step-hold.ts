import type { StepHold } from '@agent-runtime/orchestration';
import type { ReservedStep } from '../gates/step-reservation';

/** The ledger reservation of one model step of an agent inside an operator job, as orchestration holds it. */
export class ReservedStepHold implements StepHold {
  constructor(readonly step: ReservedStep) {}

  release(): Promise<boolean> {
    return this.step.reservation.release();
  }
}

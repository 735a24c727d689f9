import type { DeliveryModel } from './delivery.model';

export class DeliveryRepository {
  constructor(readonly model: DeliveryModel) {}
}

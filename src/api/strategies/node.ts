import type { Strategy } from './types';

export const nodeStrategy: Strategy = {
  fields: o => ({ 'spec.unschedulable': String(!!o.spec?.unschedulable) }),
};

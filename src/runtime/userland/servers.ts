// placeholder
import { serve } from './index';
import { ncServe } from './netcmds';
serve('nc', ncServe as any);

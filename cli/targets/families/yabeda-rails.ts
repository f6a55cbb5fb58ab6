// yabeda-rails with yabeda-prometheus (Ruby on Rails).
// Read from yabeda-rails lib/yabeda/rails.rb and lib/yabeda/rails/event.rb; yabeda-prometheus
// names a metric group_name_unit (rails_request_duration_seconds).
import type { Family, HttpShape } from '../family.js';
import { has, offersOf, standardProcess } from './reading.js';

export const yabedaRails: Family = {
  id: 'yabeda-rails',
  name: 'Ruby on Rails (yabeda-rails)',
  detect(metrics) {
    if (!has(metrics, 'rails_requests_total', 'counter', ['controller', 'action'])) return undefined;
    const http: HttpShape = {
      requests: 'rails_requests_total',
      status: 'status',
      latency: has(metrics, 'rails_request_duration_seconds', 'histogram')
        ? { metric: 'rails_request_duration_seconds', type: 'histogram', unit: 'seconds' }
        : undefined,
      route: ['controller', 'action'],
    };
    const process = standardProcess(metrics);
    const none = "Ruby's Prometheus client has no process collector: run a process exporter beside it";
    return { http, process, offers: offersOf(http, process, { cpu: none, memory: none }) };
  },
};

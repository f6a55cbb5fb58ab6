// Renders the alert rules (rules.ts) as a Prometheus rule file.
import YAML from 'yaml';
import type { LabConfig } from '../config/schema.js';
import { alertRules, type AlertRule } from './rules.js';

export const RULE_GROUP = 'o11y-lab';

export function prometheusRule(rule: AlertRule) {
  return {
    alert: rule.name,
    expr: rule.expr,
    for: rule.settings.for,
    labels: { severity: rule.severity },
    annotations: rule.annotations(rule.valueTemplate),
  };
}

export function renderRulesYaml(config: LabConfig): string {
  const doc = new YAML.Document({ groups: [{ name: RULE_GROUP, rules: alertRules(config).map(prometheusRule) }] });
  doc.commentBefore = ' Rendered by o11y from the `alerts:` settings in o11y.yaml; edit those, not this file.\n' + ' Check: promtool check rules alerts.yml';
  return doc.toString({ lineWidth: 0 });
}

import { defineRule } from '../types.js';
import { hstsSubject } from './facts.js';

const DAY = 86_400;

export const hstsMaxAgeTooShort = defineRule({
  id: 'hsts.max-age-too-short',
  check: 'hsts',
  description:
    'The HSTS max-age is shorter than the policy minimum (`hsts: { min_age_days }`, default 180 days).',
  citation:
    'RFC 6797 §6.1.1 and §11.2 (a short max-age leaves users exposed between visits); hstspreload.org asks for at least one year.',
  defaultSeverity: 'warning',
  appliesTo: ['host'],
  help: 'Raise max-age (in seconds: 15552000 is 180 days, 31536000 one year) once HTTPS works on every page; max-age=0 tells browsers to forget HSTS for the host.',
  evaluate: (facts) => {
    const subject = hstsSubject(facts);
    const policy = subject?.hsts.policy;
    if (!subject || !policy) return [];
    const minimum = subject.settings.minAgeDays * DAY;
    if (policy.maxAge >= minimum) return [];
    const days = Math.floor((policy.maxAge / DAY) * 10) / 10;
    const message =
      policy.maxAge === 0
        ? `${subject.where} sends max-age=0, which tells browsers to forget HSTS for it (the policy asks for at least ${subject.settings.minAgeDays} days)`
        : `${subject.where} sends HSTS max-age=${policy.maxAge} (${days} days), below the policy minimum of ${subject.settings.minAgeDays} days`;
    return [
      { message, details: { maxAge: policy.maxAge, minAgeDays: subject.settings.minAgeDays } },
    ];
  },
});

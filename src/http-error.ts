/** An error that knows its HTTP status and what the page should tell the host to do next. */
export interface NextStep {
  href: string;
  label: string;
  /** POST actions (like logout) render as a form button; links as an anchor. */
  method?: 'get' | 'post';
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    message: string,
    readonly next: NextStep = { href: '/', label: 'Back to the start page' },
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const TRY_AGAIN: NextStep = { href: '/install', label: 'Try again' };

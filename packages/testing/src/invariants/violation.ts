/** What an invariant reports: which one, what it saw, and when (virtual time). */
export interface Violation {
  readonly invariant: string;
  readonly message: string;
  /** Virtual time, in ms since the Unix epoch. */
  readonly at: number;
}

/** The Deployment an invariant looks at. */
export interface DeploymentRef {
  readonly name: string;
  readonly namespace: string;
}

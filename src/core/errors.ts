/**
 * A domain refusal: the request was understood and is not allowed or not possible now
 * ("已由张三认领", "你不是审批人"). It carries the plain-Chinese answer for the person. Nothing was
 * changed: the transaction that threw it rolls back. Platforms get HTTP 200 so they do not retry.
 */
export class Refusal extends Error {
  constructor(
    readonly reply: string,
    /** Short form for a toast on a button tap; defaults to the reply. */
    readonly toast: string = reply,
  ) {
    super(reply);
    this.name = 'Refusal';
  }
}

package io.tickstore.store.orders;

/**
 * A message the current order state does not allow (an illegal transition, an over-fill, a fill for
 * an unknown order...). The whole frame is refused; the message names the order and the problem.
 * Cheap: no stack trace.
 */
public final class Rejection extends Exception {
    public Rejection(String message) {
        super(message, null, false, false);
    }
}

package dev.weir.engine;

/** Rethrowing checked exceptions through interfaces that cannot declare them, keeping the message. */
public final class Unchecked {
  private Unchecked() {}

  /** {@code e} itself if unchecked, else wrapped with its message. */
  public static RuntimeException of(Exception e) {
    return e instanceof RuntimeException re ? re : new RuntimeException(e.getMessage(), e);
  }
}

package dev.weir.connectors.nexmark;

import java.time.Duration;

/**
 * When each event happens, in microseconds of logical time after the first: at one steady rate,
 * or, as the standard generator does when {@code next-event.rate} differs from {@code
 * first-event.rate}, in a cycle of steps of one period, each at its own rate (see {@link
 * RateShape}). A step holds as many whole events as fit in its share of the period.
 */
final class RateSchedule {
  /** Per step: microseconds between events, events in the step, and when the step starts within a cycle. */
  private final double[] delayMicros;
  private final long[] events;
  private final double[] startMicros;
  private final long eventsPerCycle;
  private final double cycleMicros;

  private RateSchedule(double[] rates, double stepMicros) {
    int steps = rates.length;
    delayMicros = new double[steps];
    events = new long[steps];
    startMicros = new double[steps];
    long total = 0;
    double time = 0;
    for (int i = 0; i < steps; i++) {
      delayMicros[i] = 1_000_000.0 / rates[i];
      events[i] = Math.max(1, (long) (stepMicros / delayMicros[i]));
      startMicros[i] = time;
      total += events[i];
      time += events[i] * delayMicros[i];
    }
    eventsPerCycle = total;
    cycleMicros = time;
  }

  static RateSchedule steady(double eventsPerSecond) {
    return new RateSchedule(new double[] {eventsPerSecond}, Double.POSITIVE_INFINITY);
  }

  static RateSchedule of(double first, double next, RateShape shape, Duration period) {
    if (first == next) {
      return steady(first);
    }
    double[] rates = shape.stepRates(first, next);
    return new RateSchedule(rates, period.toNanos() / 1000.0 / rates.length);
  }

  boolean isSteady() {
    return delayMicros.length == 1;
  }

  /** When event {@code n} happens, in microseconds after event 0. */
  double offsetMicros(long n) {
    if (isSteady()) {
      return n * delayMicros[0];
    }
    long cycle = n / eventsPerCycle;
    long rest = n % eventsPerCycle;
    int step = 0;
    while (rest >= events[step]) {
      rest -= events[step++];
    }
    return cycle * cycleMicros + startMicros[step] + rest * delayMicros[step];
  }

  /** The last event that has happened {@code micros} after event 0 (so: how far a paced reader may go). */
  long lastEventBy(double micros) {
    long n = estimateLastEventBy(micros);
    // the estimate divides where offsetMicros multiplies: settle rounding against offsetMicros itself
    while (offsetMicros(n + 1) <= micros) {
      n++;
    }
    while (n > 0 && offsetMicros(n) > micros) {
      n--;
    }
    return n;
  }

  private long estimateLastEventBy(double micros) {
    if (isSteady()) {
      return (long) (micros / delayMicros[0]);
    }
    long cycle = (long) (micros / cycleMicros);
    double rest = micros - cycle * cycleMicros;
    long n = cycle * eventsPerCycle;
    for (int step = 0; step < events.length - 1; step++) {
      double stepMicros = events[step] * delayMicros[step];
      if (rest < stepMicros) {
        return n + (long) (rest / delayMicros[step]);
      }
      rest -= stepMicros;
      n += events[step];
    }
    int last = events.length - 1;
    return n + Math.min(events[last] - 1, (long) (rest / delayMicros[last]));
  }
}

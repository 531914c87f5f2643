package dev.weir.connectors.nexmark;

import dev.weir.catalog.options.DescribedValue;

/** How the logical event rate moves between {@code first-event.rate} and {@code next-event.rate}. */
public enum RateShape implements DescribedValue {
  SQUARE("square", "Half of each period at the first rate, half at the next."),
  SINE("sine", "Ten steps along a cosine from the first rate to the next and back, each period.");

  private final String sqlName;
  private final String description;

  RateShape(String sqlName, String description) {
    this.sqlName = sqlName;
    this.description = description;
  }

  @Override
  public String sqlName() {
    return sqlName;
  }

  @Override
  public String description() {
    return description;
  }

  /** The rates of the steps one period is made of. */
  double[] stepRates(double first, double next) {
    if (this == SQUARE) {
      return new double[] {first, next};
    }
    int steps = 10;
    double middle = (first + next) / 2;
    double amplitude = (first - next) / 2;
    double[] rates = new double[steps];
    for (int i = 0; i < steps; i++) {
      rates[i] = middle + amplitude * Math.cos(2 * Math.PI * i / steps);
    }
    return rates;
  }
}

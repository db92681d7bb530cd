package com.example.platform.benchmark;

/**
 * A target of the performance issue, checked against this run's figures.
 *
 * @param name what is compared, e.g. {@code gateway / nginx throughput}
 * @param value the measured value
 * @param bound the bound it must meet
 * @param atLeast whether the value must be at least (rather than at most) the bound
 * @param unit the unit of value and bound, empty for a ratio
 */
record Target(String name, double value, double bound, boolean atLeast, String unit) {

	boolean met() {
		return this.atLeast ? this.value >= this.bound : this.value <= this.bound;
	}

	String condition() {
		return (this.atLeast ? "≥ " : "≤ ") + Report.number(this.bound) + this.unit;
	}

}

package com.example.platform.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WarmUpTests {

	// The gateway's warm-up that WarmUp's comment quotes.
	private static final List<Double> GATEWAY = List.of(147.0, 338.0, 358.0, 393.0, 457.0, 547.0, 760.0, 956.0, 1_154.0,
			983.0, 1_019.0, 1_431.0, 1_542.0, 1_412.0);

	@Test
	void goesOnWhileNewHighsCome() {
		assertThat(WarmUp.done(List.of())).isFalse();
		assertThat(WarmUp.done(List.of(900.0, 880.0, 870.0))).isFalse();
		for (int windows = 1; windows <= GATEWAY.size(); windows++) {
			assertThat(WarmUp.done(GATEWAY.subList(0, windows))).as("after %d windows", windows).isFalse();
		}
	}

	@Test
	void isDoneAfterThreeWindowsWithoutANewHigh() {
		List<Double> settled = new ArrayList<>(GATEWAY);
		settled.add(1_560.0);
		assertThat(WarmUp.done(settled)).as("1,542 was a new high two windows ago").isFalse();
		settled.add(1_480.0);
		assertThat(WarmUp.done(settled)).as("1,412, 1,560 and 1,480: none 5 %% above 1,542").isTrue();
	}

	@Test
	void stopsAfterTheMaximumNumberOfWindowsEvenIfStillRising() {
		assertThat(WarmUp.done(rising(WarmUp.MAXIMUM_WINDOWS - 1))).isFalse();
		assertThat(WarmUp.done(rising(WarmUp.MAXIMUM_WINDOWS))).isTrue();
	}

	private static List<Double> rising(int windows) {
		return IntStream.range(0, windows).mapToObj((window) -> 100.0 * Math.pow(2, window)).toList();
	}

}

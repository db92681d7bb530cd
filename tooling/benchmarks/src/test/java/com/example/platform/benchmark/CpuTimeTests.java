package com.example.platform.benchmark;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CpuTimeTests {

	@Test
	void readsUserAndSystemTicksPastACommandNameWithSpaces() {
		String stat = "4242 (nginx: worker process) S 1 4242 4242 0 -1 4194560 120 0 0 0 37 5 0 0 20 0 1 0 100 "
				+ "1000 200 18446744073709551615";

		assertThat(CpuTime.ticksOf(stat)).isEqualTo(42);
	}

	@Test
	void countsEveryBusyStateOfTheMachineButIdleAndIowait() {
		assertThat(CpuTime.busyTicks("cpu  100 2 30 5000 70 4 6 8 0 0")).isEqualTo(150);
	}

	@Test
	void attributesEachPartsTimeToTheRequestsOfTheRun() {
		long self = ProcessHandle.current().pid();
		CpuTime cpu = new CpuTime(() -> Map.of("benchmark", List.of(self)));

		// No idle measurement: what this JVM's compiler and collector do meanwhile
		// depends on the machine, and the subtraction has its own test below.
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		cpu.measure("direct", () -> {
			// Busy for 200 ms of this thread's CPU time, however the machine shares it.
			long end = threads.getCurrentThreadCpuTime() + 200_000_000L;
			double sink = 0;
			while (threads.getCurrentThreadCpuTime() < end) {
				sink += Math.sqrt(sink + 1);
			}
			return new LoadResult((sink > 0) ? 10 : 0, 0.2, 0, 0, 1, 1, 1, 1);
		});

		assertThat(cpu.figures("reads")).extracting(Figure::via, Figure::metric)
			.contains(Tuple.tuple("direct", "CPU per request, benchmark"),
					Tuple.tuple("direct", "CPU per request, whole machine"));
		// At least 200 ms of work over 10 requests, in ticks of 10 ms (up to two may
		// be lost to rounding); its other threads may add some.
		assertThat(cpu.figures("reads").getFirst().spread().median()).isGreaterThanOrEqualTo(18.0);
	}

	@Test
	void subtractsWhatIdlingWouldHaveUsedDuringTheRun() {
		// 2 s at 5 ticks/s idle: 10 of the 110 ticks were not the requests'.
		LoadResult run = new LoadResult(50, 2.0, 0, 0, 1, 1, 1, 1);

		assertThat(CpuTime.millisPerRequest(110, 5, run)).isEqualTo(20.0);
		assertThat(CpuTime.millisPerRequest(5, 5, run)).isZero();
		assertThat(CpuTime.millisPerRequest(110, 5, new LoadResult(0, 2.0, 0, 0, 1, 1, 1, 1))).isZero();
	}

}

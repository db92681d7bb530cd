package com.example.platform.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class RequestFileTests {

	@TempDir
	Path work;

	@Test
	void writesTheLinesAsOfEachRunSoRenewedTokensReachWrk() throws Exception {
		AtomicInteger renewals = new AtomicInteger();
		RequestFile reads = new RequestFile(this.work.resolve("reads.tsv"),
				() -> List.of("GET\t/api/users/1\ttoken-" + renewals.get()));

		assertThat(Files.readAllLines(reads.current())).containsExactly("GET\t/api/users/1\ttoken-0");
		renewals.incrementAndGet();
		assertThat(Files.readAllLines(reads.current())).containsExactly("GET\t/api/users/1\ttoken-1");
	}

}

package com.example.platform.cache;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

@SpringBootApplication
class CacheTestApplication {

	@Bean
	MeterRegistry meterRegistry() {
		return new SimpleMeterRegistry();
	}

	// What a servlet service would name in X-Cache, recorded by the tests.
	@Bean
	RecordedLookups recordedLookups() {
		return new RecordedLookups();
	}

	static class RecordedLookups implements CacheLookupListener {

		final java.util.List<String> outcomes = new java.util.concurrent.CopyOnWriteArrayList<>();

		@Override
		public void looked(String cache, String outcome) {
			this.outcomes.add(cache + "=" + outcome);
		}

	}

}

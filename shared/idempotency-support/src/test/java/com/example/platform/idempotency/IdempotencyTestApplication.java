package com.example.platform.idempotency;

import java.net.URI;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A service in miniature: POSTs that create widgets (the effect the ITs count), with
 * variants that wait, fail or throw on demand, behind HTTP Basic so keys can be scoped
 * per caller.
 */
@SpringBootApplication
class IdempotencyTestApplication {

	static final String PASSWORD = "test-password";

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) {
		return http.csrf(AbstractHttpConfigurer::disable)
			.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.httpBasic(Customizer.withDefaults())
			.build();
	}

	@Bean
	InMemoryUserDetailsManager users() {
		return new InMemoryUserDetailsManager(User.withUsername("alice").password("{noop}" + PASSWORD).build(),
				User.withUsername("bob").password("{noop}" + PASSWORD).build());
	}

	@Bean
	Gate gate() {
		return new Gate();
	}

	record WidgetRequest(String name) {
	}

	record Widget(UUID id, String name) {
	}

	/** Holds requests to {@code /slow} until a test opens it. */
	static class Gate {

		final AtomicInteger entered = new AtomicInteger();

		volatile CountDownLatch latch = new CountDownLatch(1);

		void pass() throws InterruptedException {
			this.entered.incrementAndGet();
			if (!this.latch.await(30, TimeUnit.SECONDS)) {
				throw new IllegalStateException("The test never opened the gate");
			}
		}

	}

	@RestController
	@RequestMapping("/api/widgets")
	static class WidgetController {

		private final JdbcClient jdbc;

		private final Gate gate;

		// Per widget name: how often a failing variant was called.
		private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

		WidgetController(JdbcClient jdbc, Gate gate) {
			this.jdbc = jdbc;
			this.gate = gate;
		}

		@PostMapping
		ResponseEntity<Widget> create(@RequestBody WidgetRequest request) {
			Widget widget = new Widget(UUID.randomUUID(), request.name());
			this.jdbc.sql("insert into widgets (id, name) values (:id, :name)")
				.param("id", widget.id())
				.param("name", widget.name())
				.update();
			return ResponseEntity.created(URI.create("/api/widgets/" + widget.id()))
				.header("X-Widget-Check", "checked " + widget.id())
				.body(widget);
		}

		@PostMapping("/other")
		ResponseEntity<Widget> createElsewhere(@RequestBody WidgetRequest request) {
			return create(request);
		}

		@PostMapping("/slow")
		ResponseEntity<Widget> createSlowly(@RequestBody WidgetRequest request) throws InterruptedException {
			this.gate.pass();
			return create(request);
		}

		@PostMapping("/unavailable-once")
		ResponseEntity<?> createAfterOneOutage(@RequestBody WidgetRequest request) {
			if (firstAttempt(request)) {
				return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).build();
			}
			return create(request);
		}

		@PostMapping("/throws-once")
		ResponseEntity<Widget> createAfterOneException(@RequestBody WidgetRequest request) {
			if (firstAttempt(request)) {
				throw new IllegalStateException("failing once, as asked");
			}
			return create(request);
		}

		@PostMapping("/rejected")
		ResponseEntity<Map<String, String>> reject(@RequestBody WidgetRequest request) {
			this.attempts.computeIfAbsent(request.name(), (name) -> new AtomicInteger()).incrementAndGet();
			return ResponseEntity.badRequest().body(Map.of("reason", "widgets named " + request.name()));
		}

		int attemptsOf(String name) {
			AtomicInteger count = this.attempts.get(name);
			return (count != null) ? count.get() : 0;
		}

		private boolean firstAttempt(WidgetRequest request) {
			return this.attempts.computeIfAbsent(request.name(), (name) -> new AtomicInteger()).incrementAndGet() == 1;
		}

	}

}

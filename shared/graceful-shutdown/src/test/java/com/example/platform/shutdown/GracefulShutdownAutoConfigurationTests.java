package com.example.platform.shutdown;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.cloud.client.serviceregistry.Registration;

import static org.assertj.core.api.Assertions.assertThat;

class GracefulShutdownAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GracefulShutdownAutoConfiguration.class));

	@Test
	void waitsFiveSecondsByDefault() {
		this.runner.run((context) -> assertThat(context.getBean(GracefulShutdownProperties.class).deregistrationDelay())
			.isEqualTo(Duration.ofSeconds(5)));
	}

	@Test
	void stopsBeforeTheWebServersGracefulShutdown() {
		this.runner.run((context) -> assertThat(context.getBean(DeregisterFirstLifecycle.class).getPhase())
			.isGreaterThan(WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE));
	}

	@Test
	void deregistersTheInstanceWhenStopped() {
		RecordingServiceRegistry registry = new RecordingServiceRegistry();
		this.runner.withPropertyValues("platform.shutdown.deregistration-delay=0s")
			.withBean(RecordingServiceRegistry.class, () -> registry)
			.withBean(Registration.class, RecordingServiceRegistry::registration)
			.run((context) -> {
				assertThat(registry.deregistered()).isFalse();
				context.close();
				assertThat(registry.deregistered()).isTrue();
			});
	}

	@Test
	void stopsAtOnceWithoutDiscovery() {
		this.runner.withPropertyValues("platform.shutdown.deregistration-delay=1m").run((context) -> {
			long started = System.nanoTime();
			context.close();
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
		});
	}

	@Test
	void rejectsANegativeDelay() {
		this.runner.withPropertyValues("platform.shutdown.deregistration-delay=-1s")
			.run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void canBeSwitchedOff() {
		this.runner.withPropertyValues("platform.shutdown.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(DeregisterFirstLifecycle.class));
	}

}

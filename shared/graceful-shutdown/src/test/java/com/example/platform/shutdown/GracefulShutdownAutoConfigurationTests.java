package com.example.platform.shutdown;

import java.time.Duration;

import com.netflix.appinfo.ApplicationInfoManager;
import com.netflix.appinfo.InstanceInfo;
import com.netflix.appinfo.InstanceInfo.InstanceStatus;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
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

	@Test
	void turnsTheInstanceUpInDiscoveryOnlyOnceTheApplicationIsReady() {
		ApplicationInfoManager instance = startingInstance();
		this.runner.withBean(ApplicationInfoManager.class, () -> instance).run((context) -> {
			AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
			assertThat(instance.getInfo().getStatus()).isEqualTo(InstanceStatus.STARTING);
			AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
			assertThat(instance.getInfo().getStatus()).isEqualTo(InstanceStatus.UP);
		});
	}

	@Test
	void leavesTheInstanceAloneWhenSwitchedOff() {
		ApplicationInfoManager instance = startingInstance();
		this.runner.withPropertyValues("platform.shutdown.enabled=false")
			.withBean(ApplicationInfoManager.class, () -> instance)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(UpWhenReady.class);
				AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
				assertThat(instance.getInfo().getStatus()).isEqualTo(InstanceStatus.STARTING);
			});
	}

	// What Eureka's client holds once it has registered the instance as STARTING.
	private static ApplicationInfoManager startingInstance() {
		InstanceInfo info = InstanceInfo.Builder.newBuilder()
			.setAppName("test-service")
			.setInstanceId("test-service:1")
			.setStatus(InstanceStatus.STARTING)
			.build();
		return new ApplicationInfoManager(null, info, null);
	}

}

package com.example.platform.gateway.resilience;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;

import static org.assertj.core.api.Assertions.assertThat;

class InstanceEjectionsTests {

	private final ServiceInstance first = new DefaultServiceInstance("a", "user-service", "localhost", 8081, false);

	private final ServiceInstance second = new DefaultServiceInstance("b", "user-service", "localhost", 8083, false);

	@Test
	void leavesAnEjectedInstanceOut() {
		InstanceEjections ejections = new InstanceEjections(new InstanceEjectionProperties(Duration.ofMinutes(1)));

		ejections.eject(this.first);

		assertThat(ejections.available(List.of(this.first, this.second))).containsExactly(this.second);
	}

	@Test
	void takesAnInstanceBackOnceItsEjectionEnds() {
		InstanceEjections ejections = new InstanceEjections(new InstanceEjectionProperties(Duration.ZERO));

		ejections.eject(this.first);

		assertThat(ejections.available(List.of(this.first, this.second))).containsExactly(this.first, this.second);
	}

	@Test
	void triesEveryInstanceWhenAllAreEjected() {
		InstanceEjections ejections = new InstanceEjections(new InstanceEjectionProperties(Duration.ofMinutes(1)));

		ejections.eject(this.first);
		ejections.eject(this.second);

		assertThat(ejections.available(List.of(this.first, this.second))).containsExactly(this.first, this.second);
	}

}

package com.example.platform.tls;

import org.junit.jupiter.api.Test;

import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.DefaultRequest;
import org.springframework.cloud.loadbalancer.support.ServiceInstanceListSuppliers;

import static org.assertj.core.api.Assertions.assertThat;

class SecureInstanceListSupplierTests {

	private final ServiceInstance secure = new DefaultServiceInstance("a", "user-service", "localhost", 8081, true);

	private final ServiceInstance plain = new DefaultServiceInstance("b", "user-service", "localhost", 8082, false);

	private final SecureInstanceListSupplier supplier = new SecureInstanceListSupplier(
			ServiceInstanceListSuppliers.from("user-service", this.secure, this.plain));

	@Test
	void leavesOutAnInstanceRegisteredWithoutTls() {
		assertThat(this.supplier.get().blockFirst()).containsExactly(this.secure);
		assertThat(this.supplier.get(new DefaultRequest<>()).blockFirst()).containsExactly(this.secure);
	}

	@Test
	void leavesNothingWhenNoInstanceTakesTls() {
		SecureInstanceListSupplier onlyPlain = new SecureInstanceListSupplier(
				ServiceInstanceListSuppliers.from("user-service", this.plain));

		assertThat(onlyPlain.get().blockFirst()).isEmpty();
	}

}

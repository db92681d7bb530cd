package com.example.platform.order.orders;

import com.example.platform.testsupport.WithEmbeddedInfrastructure;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * order-service as its integration tests with default settings run it: on a random port,
 * against the test JVM's embedded servers, with one user-service stand-in. The classes
 * that extend it share the one configuration, this very {@code @DynamicPropertySource}
 * included, so Spring's test context cache starts the application once for all of them
 * instead of once per class. Classes that change a setting (a timeout, the breaker) keep
 * a configuration, and a stand-in, of their own.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@WithEmbeddedInfrastructure
abstract class AgainstUserServiceStandIn {

	/**
	 * Shared by every class that extends this one, and never stopped: the cached context
	 * may serve a later class. Its figures (tokens issued, calls per user) are read as
	 * differences or per user, never as totals.
	 */
	static final UserServiceStandIn USER_SERVICE = UserServiceStandIn.start();

	@DynamicPropertySource
	static void userService(DynamicPropertyRegistry registry) {
		USER_SERVICE.register(registry);
	}

}

package com.example.platform.gateway;

import com.example.platform.testsupport.TestTokens;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One stand-in instance of each service behind the gateway, found through the simple
 * discovery client, and the test Redis for the rate limiters: what the security and
 * rate-limit tests run the real gateway against. The subclasses share one cached
 * application context pointing at these stand-ins, so they live as long as the test JVM
 * (closing them after one class would leave the next with dead backends).
 */
abstract class StandInBackends {

	static final StandInService userService = new StandInService("user-service");

	static final StandInService orderService = new StandInService("order-service");

	@DynamicPropertySource
	static void backends(DynamicPropertyRegistry registry) {
		String prefix = "spring.cloud.discovery.client.simple.instances.";
		registry.add(prefix + "user-service[0].uri", userService::uri);
		// Pinned, as in every deployment: the key set never comes through the registry.
		registry.add("platform.security.jwk-set-uri", () -> userService.uri() + TestTokens.JWKS_PATH);
		registry.add(prefix + "order-service[0].uri", orderService::uri);
		TestRedis.register(registry);
	}

}

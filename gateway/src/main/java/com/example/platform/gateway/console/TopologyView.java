package com.example.platform.gateway.console;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.example.platform.gateway.console.ConsoleProperties.Environment;
import com.example.platform.gateway.console.InstanceMetrics.Breaker;

/**
 * The live topology the console polls: every registered instance with its state, and the
 * gateway's own view of the traffic it routes.
 *
 * @param environment where the platform runs, which decides how the page offers drills
 * @param launcherDrills whether the local launcher's drills can be run from here
 * @param collectedAt when this view was taken
 * @param gateway the gateway's own state
 * @param services each registered service with its instances
 */
record TopologyView(Environment environment, boolean launcherDrills, Instant collectedAt, GatewayState gateway,
		List<ServiceView> services) {

	/**
	 * What the gateway itself knows.
	 *
	 * @param routeBreakers its circuit breakers, one per route, each created at the
	 * route's first request
	 * @param rateLimiterErrors per limiter, requests let through unchecked because Redis
	 * could not be asked (the limiters fail open)
	 */
	record GatewayState(List<Breaker> routeBreakers, Map<String, Double> rateLimiterErrors) {

	}

	/**
	 * A service and its registered instances.
	 *
	 * @param name e.g. {@code user-service}
	 * @param instances its instances, by id
	 */
	record ServiceView(String name, List<InstanceView> instances) {

	}

}

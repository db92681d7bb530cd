package com.example.platform.gateway.resilience;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Passive health checking of instances by the gateway.
 *
 * @param duration how long an instance that refused a connection is left out of load
 * balancing: longer than discovery takes to drop a killed instance (lease expiry, in
 * practice up to 12 s with a 6 s lease, plus eviction, registry fetch and load-balancer
 * cache, 2 s each), so it is not tried again before discovery forgets it
 */
@Validated
@ConfigurationProperties("platform.gateway.instance-ejection")
public record InstanceEjectionProperties(@DefaultValue("20s") @NotNull Duration duration) {

}

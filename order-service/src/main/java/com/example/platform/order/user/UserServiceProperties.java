package com.example.platform.order.user;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How order-service reaches user-service.
 *
 * @param baseUrl the service's logical address, resolved through discovery
 * @param connectTimeout how long to wait for a connection to an instance
 * @param readTimeout how long to wait for an answer once connected
 * @param retryAfter what to tell clients to wait when user-service cannot be reached
 */
@Validated
@ConfigurationProperties("order.user-service")
record UserServiceProperties(@NotNull URI baseUrl, @NotNull @DurationMin(millis = 1) Duration connectTimeout,
		@NotNull @DurationMin(millis = 1) Duration readTimeout,
		@NotNull @DurationMin(seconds = 1) Duration retryAfter) {

}

package com.example.platform.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings shared by every servlet service of the platform.
 *
 * @param servedByHeader whether responses carry {@code X-Served-By} naming the instance,
 * so load balancing can be watched from the outside
 */
@Validated
@ConfigurationProperties("platform.web")
public record PlatformWebProperties(@DefaultValue("true") boolean servedByHeader) {

}

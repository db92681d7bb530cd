package com.example.platform.web.openapi;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What a service's OpenAPI document says about itself.
 *
 * @param title the document's title
 * @param description what the API is for
 * @param version the API's version, {@code major.minor.patch}: a change that breaks a
 * client needs a new major (the build compares the document with the committed copy)
 */
@Validated
@ConfigurationProperties("platform.api")
public record PlatformApiProperties(@DefaultValue("Platform API") @NotBlank String title,
		@DefaultValue("") String description, @DefaultValue("1.0.0") @Pattern(regexp = "\\d+\\.\\d+\\.\\d+",
				message = "must be major.minor.patch") String version) {

}

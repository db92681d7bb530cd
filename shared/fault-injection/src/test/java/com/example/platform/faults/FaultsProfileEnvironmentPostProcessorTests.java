package com.example.platform.faults;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class FaultsProfileEnvironmentPostProcessorTests {

	private final FaultsProfileEnvironmentPostProcessor processor = new FaultsProfileEnvironmentPostProcessor();

	@Test
	void theFaultsProfileEnablesFaultInjection() {
		MockEnvironment environment = new MockEnvironment();
		environment.setActiveProfiles("faults");

		this.processor.postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getProperty("platform.faults.enabled")).isEqualTo("true");
	}

	@Test
	void otherProfilesLeaveItOff() {
		MockEnvironment environment = new MockEnvironment();
		environment.setActiveProfiles("dev");

		this.processor.postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getProperty("platform.faults.enabled")).isNull();
	}

	@Test
	void anExplicitSettingWinsOverTheProfile() {
		MockEnvironment environment = new MockEnvironment().withProperty("platform.faults.enabled", "false");
		environment.setActiveProfiles("faults");

		this.processor.postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getProperty("platform.faults.enabled")).isEqualTo("false");
	}

}

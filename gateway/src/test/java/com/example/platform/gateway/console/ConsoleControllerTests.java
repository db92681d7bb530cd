package com.example.platform.gateway.console;

import java.time.Duration;

import com.example.platform.gateway.console.ConsoleController.ConsoleProblem;
import com.example.platform.gateway.console.ConsoleProperties.Environment;
import com.example.platform.tls.PlatformTls;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ConsoleControllerTests {

	@Test
	void refusesALauncherDrillWhereThereIsNoLauncherAndSaysWhatToDoInstead() {
		ConsoleController controller = new ConsoleController(null, new ConsoleProperties(Environment.COMPOSE, null,
				Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ofSeconds(3)),
				new DefaultListableBeanFactory().getBeanProvider(PlatformTls.class));

		ConsoleProblem problem = catchThrowableOfType(ConsoleProblem.class,
				() -> controller.runDrill("stop-redis", null, "Bearer token").block());

		assertThat(problem.getBody().getStatus()).isEqualTo(409);
		assertThat(problem.getBody().getDetail()).isEqualTo("Drill 'stop-redis' is run by the local launcher, which "
				+ "this platform (COMPOSE) does not have: run the command the console shows for it instead");
	}

}

package com.example.platform.faults.demo;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A service in miniature: one endpoint under the default fault pattern and one outside.
 * In a package of its own so its component scan cannot pick up the module's controller,
 * which only the auto-configuration may create.
 */
@SpringBootApplication
public class FaultsTestApplication {

	@RestController
	static class HelloController {

		@GetMapping("/api/hello")
		String hello() {
			return "hello";
		}

		@GetMapping("/other/hello")
		String other() {
			return "other";
		}

	}

}

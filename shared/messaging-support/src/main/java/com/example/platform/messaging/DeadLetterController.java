package com.example.platform.messaging;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code POST /api/admin/dead-letters/replay?topic=order-events}: an operator's way to
 * send dead letters back once their cause is fixed. Not routed by the gateway; the
 * security work restricts it to administrators.
 */
@RestController
@RequestMapping("/api/admin/dead-letters")
class DeadLetterController {

	private final DeadLetterReplayer replayer;

	private final MessagingProperties properties;

	DeadLetterController(DeadLetterReplayer replayer, MessagingProperties properties) {
		this.replayer = replayer;
		this.properties = properties;
	}

	@PostMapping("/replay")
	DeadLetterReplayer.ReplayResult replay(@RequestParam String topic) {
		if (!this.properties.deadLetter().topics().contains(topic)) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND,
					"This service keeps no dead letters for topic '" + topic + "'");
		}
		return this.replayer.replay(topic, this.properties.deadLetter().replayTimeout());
	}

}

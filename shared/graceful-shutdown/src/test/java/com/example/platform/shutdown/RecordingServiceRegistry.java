package com.example.platform.shutdown;

import java.net.URI;
import java.util.Map;

import org.springframework.cloud.client.serviceregistry.Registration;
import org.springframework.cloud.client.serviceregistry.ServiceRegistry;

/** Stands in for Eureka's registry: remembers whether the instance was deregistered. */
class RecordingServiceRegistry implements ServiceRegistry<Registration> {

	private volatile boolean deregistered;

	boolean deregistered() {
		return this.deregistered;
	}

	@Override
	public void register(Registration registration) {
	}

	@Override
	public void deregister(Registration registration) {
		this.deregistered = true;
	}

	@Override
	public void close() {
	}

	@Override
	public void setStatus(Registration registration, String status) {
	}

	@Override
	public <T> T getStatus(Registration registration) {
		return null;
	}

	static Registration registration() {
		return new Registration() {

			@Override
			public String getServiceId() {
				return "test-service";
			}

			@Override
			public String getHost() {
				return "localhost";
			}

			@Override
			public int getPort() {
				return 0;
			}

			@Override
			public boolean isSecure() {
				return false;
			}

			@Override
			public URI getUri() {
				return URI.create("http://localhost");
			}

			@Override
			public Map<String, String> getMetadata() {
				return Map.of();
			}

		};
	}

}

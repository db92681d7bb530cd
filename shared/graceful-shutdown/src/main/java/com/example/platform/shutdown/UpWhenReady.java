package com.example.platform.shutdown;

import com.netflix.appinfo.ApplicationInfoManager;
import com.netflix.appinfo.InstanceInfo.InstanceStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationListener;

/**
 * The start's half of routing only to ready instances: the instance registers in Eureka
 * as {@code STARTING} ({@code eureka.instance.initial-status}, which
 * {@link ShutdownDefaultsEnvironmentPostProcessor} sets), which callers' registry fetches
 * skip, and turns {@code UP} only when the application accepts traffic, after its runners
 * have finished. Registration happens while the context is still starting, before the web
 * server even listens: registered {@code UP}, a restarted instance was sent requests
 * while it was still starting and, on two busy cores, answered them too late
 * (ResilienceSystemIT's rolling restart, 2026-12-07). The status is the instance's own,
 * not an override kept by the registry, so a re-registration (after the registry restarts
 * or expires the lease) keeps it.
 */
class UpWhenReady implements ApplicationListener<AvailabilityChangeEvent<ReadinessState>> {

	private static final Logger logger = LoggerFactory.getLogger(UpWhenReady.class);

	private final ObjectProvider<ApplicationInfoManager> instance;

	UpWhenReady(ObjectProvider<ApplicationInfoManager> instance) {
		this.instance = instance;
	}

	@Override
	public void onApplicationEvent(AvailabilityChangeEvent<ReadinessState> event) {
		if (event.getState() != ReadinessState.ACCEPTING_TRAFFIC) {
			// Leaving is DeregisterFirstLifecycle's, with its delay.
			return;
		}
		// Absent when the Eureka client is switched off.
		this.instance.ifAvailable((manager) -> {
			logger.info("Ready: turning {} UP in discovery", manager.getInfo().getInstanceId());
			manager.setInstanceStatus(InstanceStatus.UP);
		});
	}

}

/** GET /v2/users/me/settings: the part of Zoom's user settings that says whether this host can live stream. */
import type { Request, Response } from 'express';
import type { EmulatorContext } from '../context';
import { capabilitiesOf } from './guards';
import type { HostCapabilities } from '../types';

const INSTRUCTIONS = 'Ask your account admin for the RTMP URL and stream key of your streaming service.';

/** Zoom's in_meeting and feature sections, built from what the account allows. */
export function settingsOf(allows: HostCapabilities) {
  const customService = allows.allowLiveStreaming && allows.customLiveStreamingService;
  const webinarStreaming = allows.webinarPlan && allows.webinarLiveStreaming;
  return {
    in_meeting: {
      allow_live_streaming: allows.allowLiveStreaming,
      live_streaming_facebook: false,
      workplace_by_facebook: false,
      live_streaming_youtube: allows.allowLiveStreaming,
      custom_live_streaming_service: customService,
      custom_service_instructions: customService ? INSTRUCTIONS : '',
      webinar_live_streaming: {
        enable: webinarStreaming,
        live_streaming_service: webinarStreaming ? ['custom_live_streaming_service'] : [],
        custom_service_instructions: webinarStreaming ? INSTRUCTIONS : '',
        live_streaming_reminder: false,
      },
    },
    feature: {
      meeting_capacity: 100,
      large_meeting: false,
      webinar: allows.webinarPlan,
      webinar_capacity: allows.webinarPlan ? 500 : 0,
    },
  };
}

export function showSettings(ctx: EmulatorContext) {
  return function showUserSettings(_req: Request, res: Response): void {
    res.json(settingsOf(capabilitiesOf(ctx, res)));
  };
}

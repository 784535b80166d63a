import { useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";

/**
 * A form that empties itself once its submission succeeded (issue 11: the add-staff and API key
 * forms kept the submitted values). Inputs stay as typed when the answer is a refusal, so the
 * person can fix the one field. Attach the returned ref to the <Form>.
 */
export function useResetOnSuccess(intent: string, failed: boolean) {
  const ref = useRef<HTMLFormElement>(null);
  const navigation = useNavigation();
  const submitting = navigation.state !== "idle" && navigation.formData?.get("intent") === intent;
  const sent = useRef(false);
  useEffect(() => {
    if (submitting) {
      sent.current = true;
      return;
    }
    if (sent.current && navigation.state === "idle") {
      sent.current = false;
      if (!failed) ref.current?.reset();
    }
  }, [submitting, navigation.state, failed]);
  return ref;
}

package dev.jprof.capture.launch;

import dev.jprof.agent.jfr.JprofEventNames;
import dev.jprof.agent.jfr.RecordingInfoEvent;
import dev.jprof.agent.jfr.ThreadActivityEvent;
import dev.jprof.agent.jfr.ThreadScheduleEvent;
import dev.jprof.agent.jfr.WaitSampleEvent;
import dev.jprof.capture.jfr.JprofEvents;
import jdk.jfr.EventType;
import jdk.jfr.ValueDescriptor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The events the agent declares are the ones jprof-core's readers expect (dev.jprof.capture.jfr.JprofEvents). */
class AgentContractTest {
    @Test
    void namesMatch() {
        assertThat(JprofEventNames.RECORDING_INFO).isEqualTo(JprofEvents.RECORDING_INFO);
        assertThat(JprofEventNames.WAIT_SAMPLE).isEqualTo(JprofEvents.WAIT_SAMPLE);
        assertThat(JprofEventNames.THREAD_ACTIVITY).isEqualTo(JprofEvents.THREAD_ACTIVITY);
        assertThat(EventType.getEventType(RecordingInfoEvent.class).getName()).isEqualTo(JprofEvents.RECORDING_INFO);
        assertThat(EventType.getEventType(WaitSampleEvent.class).getName()).isEqualTo(JprofEvents.WAIT_SAMPLE);
        assertThat(EventType.getEventType(ThreadActivityEvent.class).getName()).isEqualTo(JprofEvents.THREAD_ACTIVITY);
        assertThat(JprofEventNames.THREAD_SCHEDULE).isEqualTo(JprofEvents.THREAD_SCHEDULE);
        assertThat(EventType.getEventType(ThreadScheduleEvent.class).getName()).isEqualTo(JprofEvents.THREAD_SCHEDULE);
    }

    @Test
    void fieldsMatch() {
        assertField(RecordingInfoEvent.class, JprofEvents.FIELD_MODE, "java.lang.String");
        assertField(RecordingInfoEvent.class, JprofEvents.FIELD_INTERVAL, "long");
        assertField(RecordingInfoEvent.class, JprofEvents.FIELD_ENGINE, "java.lang.String");
        assertField(RecordingInfoEvent.class, JprofEvents.FIELD_DEBUG_NON_SAFEPOINTS, "boolean");
        assertField(WaitSampleEvent.class, JprofEvents.FIELD_SAMPLED_THREAD, "java.lang.Thread");
        assertField(WaitSampleEvent.class, JprofEvents.FIELD_STATE, "java.lang.String");
        assertField(WaitSampleEvent.class, JprofEvents.FIELD_STACK, "java.lang.String");
        assertField(WaitSampleEvent.class, JprofEvents.FIELD_COUNT, "int");
        assertField(ThreadActivityEvent.class, JprofEvents.FIELD_SAMPLED_THREAD, "java.lang.Thread");
        assertField(ThreadActivityEvent.class, JprofEvents.FIELD_RUNNABLE_TICKS, "long");
        assertField(ThreadActivityEvent.class, JprofEvents.FIELD_CPU_NANOS, "long");
        assertField(ThreadScheduleEvent.class, JprofEvents.FIELD_OS_THREAD_ID, "long");
        assertField(ThreadScheduleEvent.class, JprofEvents.FIELD_RUN_NANOS, "long");
        assertField(ThreadScheduleEvent.class, JprofEvents.FIELD_WAIT_NANOS, "long");
        assertField(ThreadScheduleEvent.class, JprofEvents.FIELD_TIMESLICES, "long");
        assertField(ThreadScheduleEvent.class, JprofEvents.FIELD_JFR_SAMPLER, "boolean");
    }

    @Test
    void noStackTracesOnJprofEvents() {
        for (Class<? extends jdk.jfr.Event> type : List.of(RecordingInfoEvent.class, WaitSampleEvent.class, ThreadActivityEvent.class,
                ThreadScheduleEvent.class)) {
            assertThat(EventType.getEventType(type).getSettingDescriptors())
                    .filteredOn(s -> s.getName().equals("stackTrace")).as(type.getName())
                    .allMatch(s -> s.getDefaultValue().equals("false"));
        }
    }

    private static void assertField(Class<? extends jdk.jfr.Event> type, String name, String typeName) {
        ValueDescriptor field = EventType.getEventType(type).getField(name);
        assertThat(field).as(type.getSimpleName() + "." + name).isNotNull();
        assertThat(field.getTypeName()).as(type.getSimpleName() + "." + name).isEqualTo(typeName);
    }
}

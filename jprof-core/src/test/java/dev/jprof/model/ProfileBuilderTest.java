package dev.jprof.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProfileBuilderTest {
    private static int stack(ProfileBuilder builder, String method) {
        return builder.stack(Profile.ROOT, builder.frame("com.example.Main", method, "Main.java", 1, FrameKind.COMPILED));
    }

    @Test
    void aBuiltProfileKeepsItsSamplesWhenTheBuilderGoesOn() {
        for (int reserved : new int[] {0, 3, 40}) {
            ProfileBuilder builder = new ProfileBuilder(ValueType.SAMPLES, ValueType.CPU_TIME).reserveSamples(reserved);
            int a = stack(builder, "a");
            int count = reserved == 0 ? 16 : reserved;
            for (int i = 0; i < count; i++) builder.sample(a, Profile.NO_THREAD, ThreadState.RUNNABLE, i, 1, 10);
            Profile first = builder.build();

            int b = stack(builder, "b");
            builder.sample(b, Profile.NO_THREAD, ThreadState.BLOCKED, 99, 5, 50);
            Profile second = builder.build();

            assertThat(first.sampleCount()).isEqualTo(count);
            assertThat(first.total(0)).isEqualTo(count);
            assertThat(first.sampleTime(count - 1)).isEqualTo(count - 1);
            assertThat(second.sampleCount()).isEqualTo(count + 1);
            assertThat(second.sampleStack(count)).isEqualTo(b);
            assertThat(second.sampleState(count)).isEqualTo(ThreadState.BLOCKED);
            assertThat(second.value(1, count)).isEqualTo(50);
        }
    }
}

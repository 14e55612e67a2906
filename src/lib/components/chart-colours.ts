/** series colours with at least 4.5:1 contrast on white, distinguishable in grey print */
export const CHART_COLOURS = ['#a61b1b', '#1d4f91', '#1d6b35', '#8a5a00', '#5b2a86', '#444444'] as const;

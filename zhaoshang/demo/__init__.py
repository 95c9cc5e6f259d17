"""The South Taihu New Area demo: synthetic records (示例数据) consistent with the seed's published figures."""

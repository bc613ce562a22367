"""Dual-energy physics of X-ray scanners: NIST attenuation data, bremsstrahlung beams,
the semiempirical transparency model, its calibration from a step wedge, and the
class / Z-effective lookup built from the calibrated curves. Pure numpy (+ scipy for the
fit); no web framework."""

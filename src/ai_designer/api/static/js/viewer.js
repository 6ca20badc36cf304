// The 3D viewer: a GLB of the part (glTF is Y-up in metres; shown Z-up in mm, as in FreeCAD),
// orbit and zoom (mouse, touch, keyboard), fit to view, a section plane and the bounding box.

import * as THREE from "three";
import { OrbitControls } from "three/addons/controls/OrbitControls.js";
import { GLTFLoader } from "three/addons/loaders/GLTFLoader.js";

const AXES = { x: new THREE.Vector3(1, 0, 0), y: new THREE.Vector3(0, 1, 0), z: new THREE.Vector3(0, 0, 1) };
const ISO = new THREE.Vector3(1, -1.25, 0.9).normalize();
const TURN = Math.PI / 24;

export class Viewer {
  constructor(canvas) {
    this.canvas = canvas;
    this.renderer = new THREE.WebGLRenderer({ canvas, antialias: true, preserveDrawingBuffer: true });
    this.renderer.setPixelRatio(Math.min(window.devicePixelRatio || 1, 2));
    this.renderer.localClippingEnabled = true;
    this.scene = new THREE.Scene();
    this.scene.background = new THREE.Color(0xf3f5f8);
    this.camera = new THREE.PerspectiveCamera(35, 1, 0.1, 100000);
    this.camera.up.set(0, 0, 1);
    this.camera.position.set(100, -120, 90);
    this.scene.add(new THREE.HemisphereLight(0xffffff, 0x8a8f99, 1.6));
    this.light = new THREE.DirectionalLight(0xffffff, 1.8);
    this.camera.add(this.light);
    this.light.position.set(0.4, 1, 0.6);
    this.scene.add(this.camera);
    this.controls = new OrbitControls(this.camera, canvas);
    this.controls.addEventListener("change", () => this.render());
    this.plane = new THREE.Plane(AXES.y.clone(), 0);
    this.section = { on: false, axis: "y", fraction: 0.5, flip: false };
    this.front = new THREE.MeshStandardMaterial({ color: 0x9eadc2, metalness: 0.1, roughness: 0.55 });
    this.back = new THREE.MeshBasicMaterial({ color: 0xc8553d, side: THREE.BackSide });
    this.edges = new THREE.LineBasicMaterial({ color: 0x33404f });
    this.model = null;
    this.box = null;
    this.loader = new GLTFLoader();
    canvas.addEventListener("keydown", (event) => this.onKey(event));
    new ResizeObserver(() => this.resize()).observe(canvas.parentElement);
    this.resize();
  }

  resize() {
    const { clientWidth: width, clientHeight: height } = this.canvas.parentElement;
    if (!width || !height) return;
    this.renderer.setSize(width, height, false);
    this.camera.aspect = width / height;
    this.camera.updateProjectionMatrix();
    this.render();
  }

  render() {
    this.renderer.render(this.scene, this.camera);
  }

  clear() {
    if (!this.model) return;
    this.scene.remove(this.model);
    this.model.traverse((node) => {
      if (node.geometry) node.geometry.dispose();
    });
    this.model = null;
    this.box = null;
    this.render();
  }

  /** Show the part in ``buffer`` (GLB bytes); resolves with its size along X, Y, Z in mm. */
  async load(buffer) {
    const gltf = await this.loader.parseAsync(buffer, "");
    this.clear();
    const part = new THREE.Group();
    gltf.scene.traverse((node) => {
      if (!node.isMesh) return;
      node.updateWorldMatrix(true, false);
      const geometry = node.geometry.clone().applyMatrix4(node.matrixWorld);
      part.add(new THREE.Mesh(geometry, this.front));
      part.add(new THREE.Mesh(geometry, this.back));
      part.add(new THREE.LineSegments(new THREE.EdgesGeometry(geometry, 25), this.edges));
    });
    // glTF (x, y, z) in metres -> FreeCAD (x, -z, y) in mm
    part.rotation.x = Math.PI / 2;
    part.scale.setScalar(1000);
    this.model = part;
    this.scene.add(part);
    part.updateMatrixWorld(true);
    this.box = new THREE.Box3().setFromObject(part);
    this.applySection();
    this.fit();
    const size = this.box.getSize(new THREE.Vector3());
    return [size.x, size.y, size.z];
  }

  /** Look at the whole part from the iso direction. */
  fit() {
    if (!this.box) {
      this.render();
      return;
    }
    const sphere = this.box.getBoundingSphere(new THREE.Sphere());
    const radius = Math.max(sphere.radius, 1);
    const fov = THREE.MathUtils.degToRad(this.camera.fov);
    const distance = (radius / Math.sin(Math.min(fov, fov * this.camera.aspect) / 2)) * 1.25;
    this.controls.target.copy(sphere.center);
    this.camera.position.copy(sphere.center).addScaledVector(ISO, distance);
    this.camera.near = distance / 100;
    this.camera.far = distance * 100;
    this.camera.updateProjectionMatrix();
    this.controls.update();
    this.render();
  }

  setSection(changes) {
    Object.assign(this.section, changes);
    this.applySection();
    this.render();
  }

  applySection() {
    const planes = this.section.on && this.box ? [this.plane] : [];
    for (const material of [this.front, this.back, this.edges]) material.clippingPlanes = planes;
    if (!this.box) return;
    const axis = this.section.axis;
    const low = this.box.min[axis];
    const high = this.box.max[axis];
    const at = low + (high - low) * this.section.fraction;
    // keep what lies below the plane (or above it, flipped): normal·p + constant >= 0 is kept
    const sign = this.section.flip ? 1 : -1;
    this.plane.normal.copy(AXES[axis]).multiplyScalar(sign);
    this.plane.constant = -sign * at;
  }

  orbit(azimuth, polar) {
    const offset = this.camera.position.clone().sub(this.controls.target);
    const spherical = new THREE.Spherical().setFromVector3(
      new THREE.Vector3(offset.x, offset.z, -offset.y), // the Z-up frame as Y-up for Spherical
    );
    spherical.theta += azimuth;
    spherical.phi = THREE.MathUtils.clamp(spherical.phi + polar, 0.01, Math.PI - 0.01);
    const turned = new THREE.Vector3().setFromSpherical(spherical);
    this.camera.position.copy(this.controls.target).add(new THREE.Vector3(turned.x, -turned.z, turned.y));
    this.controls.update();
  }

  zoom(factor) {
    const offset = this.camera.position.clone().sub(this.controls.target).multiplyScalar(factor);
    this.camera.position.copy(this.controls.target).add(offset);
    this.controls.update();
  }

  onKey(event) {
    const actions = {
      ArrowLeft: () => this.orbit(-TURN, 0),
      ArrowRight: () => this.orbit(TURN, 0),
      ArrowUp: () => this.orbit(0, -TURN),
      ArrowDown: () => this.orbit(0, TURN),
      "+": () => this.zoom(0.85),
      "=": () => this.zoom(0.85),
      "-": () => this.zoom(1 / 0.85),
      f: () => this.fit(),
      F: () => this.fit(),
    };
    const action = actions[event.key];
    if (!action || event.ctrlKey || event.metaKey || event.altKey) return;
    event.preventDefault();
    action();
  }
}

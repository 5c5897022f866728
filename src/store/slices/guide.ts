/**
 * The guide slice: which guided lab (src/sim/lab/guided) is being followed, in which language, and
 * whether the gallery of guided labs is open. Starting a guided lab opens its starting lab like
 * any other (store/labs.ts); the steps' checks are evaluated by the guide panel on the World.
 */
import type { StateCreator } from 'zustand';
import type { PlaygroundState } from '../index';

export type GuideLang = 'en' | 'zh';

export interface GuideSlice {
  /** The guided lab followed (its id), or null. */
  guideId: string | null;
  guideLang: GuideLang;
  galleryOpen: boolean;
  setGuide: (id: string | null) => void;
  setGuideLang: (lang: GuideLang) => void;
  setGalleryOpen: (open: boolean) => void;
}

export const createGuideSlice: StateCreator<PlaygroundState, [], [], GuideSlice> = (set) => ({
  guideId: null,
  guideLang: 'en',
  galleryOpen: false,
  setGuide: (id) => set({ guideId: id }),
  setGuideLang: (lang) => set({ guideLang: lang }),
  setGalleryOpen: (open) => set({ galleryOpen: open }),
});
